import { Module } from '@nestjs/common';
import { ConflictRepository } from './conflict.repository';
import { ConflictResolver } from './conflict.resolver';
import { ConflictService } from './conflict.service';

@Module({ providers: [ConflictRepository, ConflictService, ConflictResolver], exports: [ConflictService] })
export class ConflictModule {}
