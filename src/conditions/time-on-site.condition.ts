import { MAX_TIME_ON_SITE_SECONDS } from './condition-limits';
import { type ConditionType, MET, type ValueCheck } from './condition-type';

/** The visitor has spent at least this many seconds on the site. Numeric strings are accepted and stored as numbers. */
export const timeOnSiteCondition: ConditionType<number, number> = {
  name: 'time-on-site',
  kind: 'state',
  cost: 1,
  parseValue(raw): ValueCheck<number> {
    const value = typeof raw === 'string' && /^\d{1,6}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TIME_ON_SITE_SECONDS) {
      return { ok: false, message: `must be a whole number of seconds from 0 to ${MAX_TIME_ON_SITE_SECONDS}` };
    }
    return { ok: true, value };
  },
  compile: (value) => value,
  test: (seconds, { timeOnSiteSeconds }) => (timeOnSiteSeconds >= seconds ? MET : { met: false, waitSeconds: seconds - timeOnSiteSeconds }),
  evaluate(seconds, { timeOnSiteSeconds }) {
    if (timeOnSiteSeconds >= seconds) return { met: true, detail: `${timeOnSiteSeconds} s on site ≥ ${seconds} s` };
    return { met: false, detail: `${timeOnSiteSeconds} s on site < ${seconds} s`, waitSeconds: seconds - timeOnSiteSeconds };
  },
};
