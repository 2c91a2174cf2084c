import { ValidateBy } from 'class-validator';
import { isLanguageTag } from '../../conditions/language-tag';

/** A BCP 47 language tag (DESIGN §11), as the event body checks it: for the registration and explain bodies. */
export const IsLanguageTag = (): PropertyDecorator =>
  ValidateBy({ name: 'isLanguageTag', validator: { validate: isLanguageTag, defaultMessage: () => 'language must be a BCP 47 language tag such as pt-BR' } });
