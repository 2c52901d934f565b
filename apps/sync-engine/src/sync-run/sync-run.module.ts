import { Module } from '@nestjs/common';
import { SyncIssueResolver } from './sync-issue.resolver';
import { SyncRunRepository } from './sync-run.repository';
import { SyncRunResolver } from './sync-run.resolver';
import { SyncRunService } from './sync-run.service';

@Module({ providers: [SyncRunRepository, SyncRunService, SyncRunResolver, SyncIssueResolver] })
export class SyncRunModule {}
