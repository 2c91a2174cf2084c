import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SettingEntity } from './setting.entity';
import { SettingsRepository } from './settings.repository';

@Module({
  imports: [TypeOrmModule.forFeature([SettingEntity])],
  providers: [SettingsRepository],
  exports: [SettingsRepository],
})
export class SettingsModule {}
