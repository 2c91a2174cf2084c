import { Injectable, Logger } from '@nestjs/common';
import { SettingsRepository } from '../settings/settings.repository';
import { SealedSecret, SecretCipher } from './secret-cipher';

/** The settings row holding the sealed secret token (`null` once cleared). */
export const SECRET_TOKEN_SETTING = 'external-service.secret-token';

export interface ExternalServiceSettings {
  readonly secretTokenConfigured: boolean;
}

/**
 * The write-only secret token sent to external services. Stored sealed (AES-256-GCM);
 * read back only to sign a call. A value that no longer opens (the key changed) counts as
 * not configured, with one warning per stored value (never the secret itself).
 */
@Injectable()
export class SecretTokenStore {
  private readonly logger = new Logger('ExternalService');
  private warnedAbout?: string;

  constructor(
    private readonly settings: SettingsRepository,
    private readonly cipher: SecretCipher,
  ) {}

  async status(): Promise<ExternalServiceSettings> {
    return { secretTokenConfigured: (await this.read()) !== undefined };
  }

  /** Sets the token, or clears it with `null`. */
  async replace(secretToken: string | null): Promise<ExternalServiceSettings> {
    const value: SealedSecret | null = secretToken === null ? null : this.cipher.seal(secretToken, SECRET_TOKEN_SETTING);
    await this.settings.write(SECRET_TOKEN_SETTING, value);
    return { secretTokenConfigured: secretToken !== null };
  }

  /** The plaintext token for signing a call, or `undefined` when none is usable. */
  async read(): Promise<string | undefined> {
    const stored = await this.settings.read<unknown>(SECRET_TOKEN_SETTING);
    if (stored === undefined || stored === null) return undefined;
    const secret = this.cipher.open(stored, SECRET_TOKEN_SETTING);
    if (secret === undefined) this.warnUnreadable(stored);
    return secret;
  }

  private warnUnreadable(stored: unknown): void {
    const marker = JSON.stringify((stored as { iv?: unknown }).iv ?? null);
    if (this.warnedAbout === marker) return;
    this.warnedAbout = marker;
    this.logger.warn('the stored external-service secret token cannot be decrypted (SECRETS_KEY changed?): treating it as not configured; set it again');
  }
}
