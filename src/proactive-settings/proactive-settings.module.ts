import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { ProactiveSettingsController } from './proactive-settings.controller';
import { ProactiveSettingsService } from './proactive-settings.service';

/** `/v1/settings/proactive`: the visitor-wide budget on proactive firings (DESIGN §14). */
@Module({
  imports: [SettingsModule],
  controllers: [ProactiveSettingsController],
  providers: [ProactiveSettingsService],
  exports: [ProactiveSettingsService],
})
export class ProactiveSettingsModule {}
