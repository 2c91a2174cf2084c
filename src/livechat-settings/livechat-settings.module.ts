import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { LivechatSettingsController } from './livechat-settings.controller';
import { LivechatSettingsService } from './livechat-settings.service';

/** The settings of Rocket.Chat's widget (DESIGN §7.2). */
@Module({
  imports: [SettingsModule],
  controllers: [LivechatSettingsController],
  providers: [LivechatSettingsService],
  exports: [LivechatSettingsService],
})
export class LivechatSettingsModule {}
