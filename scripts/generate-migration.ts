// Writes a TypeORM migration with the SQL that makes a service's database match its entities,
// computed against a throwaway embedded PostgreSQL with the existing migrations applied.
//
//   npm run migration:generate -- <service> <MigrationName>
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedPostgresLauncher, openServiceDatabase } from '@crm-bridge/persistence';
import { parseCommandLine } from '@crm-bridge/command-line';
import { databaseOf } from '@crm-bridge/service-runtime';
import { subgraphServices } from './service-definitions';

async function main(): Promise<void> {
  const [serviceName, migrationName] = parseCommandLine(process.argv.slice(2), {}, { allowPositionals: true }).positionals;
  const service = serviceName ? subgraphServices[serviceName] : undefined;
  if (!service || !migrationName || !/^[A-Z][A-Za-z0-9]+$/.test(migrationName)) {
    throw new Error(`usage: npm run migration:generate -- <${Object.keys(subgraphServices).join('|')}> <PascalCaseName>`);
  }
  const postgres = await EmbeddedPostgresLauncher.startThrowaway();
  try {
    const dataSource = await openServiceDatabase(databaseOf(service), postgres.url);
    const sql = await dataSource.driver.createSchemaBuilder().log();
    await dataSource.destroy();
    if (sql.upQueries.length === 0) {
      console.log(`${serviceName}: entities and migrations agree; nothing to generate`);
      return;
    }
    const timestamp = Date.now();
    const className = `${migrationName}${timestamp}`;
    const quote = (query: string) => `\`${query.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map((query) => `    await queryRunner.query(${quote(query.query)});`).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${[...sql.downQueries]
  .reverse()
  .map((query) => `    await queryRunner.query(${quote(query.query)});`)
  .join('\n')}
  }
}
`;
    const file = join('apps', serviceName as string, 'src', 'database', 'migrations', `${timestamp}-${migrationName}.ts`);
    writeFileSync(file, body);
    // Formatted like the rest of the code, so a generated migration passes the format check as is.
    execFileSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', file], { stdio: 'ignore' });
    console.log(`wrote ${file}: add ${className} to the service's migrations list`);
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
