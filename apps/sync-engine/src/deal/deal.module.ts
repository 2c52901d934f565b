import { Module } from '@nestjs/common';
import { DealRepository } from './deal.repository';
import { DealResolver } from './deal.resolver';
import { DealService } from './deal.service';

@Module({ providers: [DealRepository, DealService, DealResolver], exports: [DealService] })
export class DealModule {}
