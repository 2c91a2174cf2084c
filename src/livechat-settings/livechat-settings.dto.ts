import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches, registerDecorator } from 'class-validator';
import { OptionalNotNull } from '../common/validation/optional-not-null.decorator';
import { canonicalLanguageTag, COLOR_PATTERN, DEFAULT_LIVECHAT_SETTINGS, TITLE_MAX } from './livechat-settings';

const d = DEFAULT_LIVECHAT_SETTINGS;

/** A well-formed BCP 47 language tag (`Intl.getCanonicalLocales` accepts it). */
function IsLanguageTag(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLanguageTag',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a BCP 47 language tag such as "en" or "pt-BR", or null' },
      validator: { validate: (value: unknown) => typeof value === 'string' && canonicalLanguageTag(value) !== undefined },
    });
}

/** `PUT /v1/settings/livechat`: replaces the settings; omitted fields take their defaults. */
export class LivechatSettingsInputDto {
  @ApiPropertyOptional({ default: d.enabled, description: 'false: the Rocket.Chat config answers {enabled: false} and the widget stays hidden' })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ default: d.title, minLength: 1, maxLength: TITLE_MAX, description: 'The widget title' })
  @OptionalNotNull()
  @IsString()
  @Length(1, TITLE_MAX)
  @Matches(/\S/, { message: '$property must not be blank' })
  title?: string;

  @ApiPropertyOptional({ default: d.color, pattern: COLOR_PATTERN.source, description: 'The title bar colour, #RRGGBB' })
  @OptionalNotNull()
  @IsString()
  @Matches(COLOR_PATTERN, { message: '$property must be a colour as #RRGGBB' })
  color?: string;

  @ApiPropertyOptional({ default: d.registrationForm, description: 'Ask for name and email before a chat' })
  @OptionalNotNull()
  @IsBoolean()
  registrationForm?: boolean;

  @ApiPropertyOptional({ default: d.offlineForm, description: 'Offer the "leave a message" form when nobody is online' })
  @OptionalNotNull()
  @IsBoolean()
  offlineForm?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    default: d.language,
    example: 'pt-BR',
    description: "A BCP 47 tag, stored in canonical form (pt-br → pt-BR); null: the visitor's browser decides",
  })
  @IsOptional()
  @IsLanguageTag()
  language?: string | null;
}

export class LivechatSettingsDto {
  @ApiProperty({ example: d.enabled }) enabled: boolean;
  @ApiProperty({ example: d.title }) title: string;
  @ApiProperty({ example: d.color }) color: string;
  @ApiProperty({ example: d.registrationForm }) registrationForm: boolean;
  @ApiProperty({ example: d.offlineForm }) offlineForm: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'en' }) language: string | null;
}
