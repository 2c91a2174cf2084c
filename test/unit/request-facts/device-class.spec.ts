import { DEVICE_CLASSES } from '../../../src/conditions';
import { deviceClassOf } from '../../../src/request-facts/device-class';

/** Real User-Agent strings, as browsers, bots and tools send them. */
const USER_AGENTS = {
  iPhoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  androidPhoneChromeReduced: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  androidTabletChromeReduced: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  galaxyTab: 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  firefoxAndroidTablet: 'Mozilla/5.0 (Android 13; Tablet; rv:125.0) Gecko/125.0 Firefox/125.0',
  firefoxAndroidPhone: 'Mozilla/5.0 (Android 13; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0',
  iPadIos12: 'Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1',
  iPadOs17Safari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  windowsChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  curl: 'curl/8.5.0',
  googlebotSmartphone:
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  appleWatch: 'atc/1.0 watchOS/10.4 model/Watch6,4 hwp/t8310 build/21T216 (6; dt:258)',
  galaxyWatch:
    'Mozilla/5.0 (Linux; Android 11; SM-R860 Build/RP1A.200720.012) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.104 Mobile Safari/537.36',
  samsungSmartTv: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36',
  playStation5: 'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)',
};

describe('deviceClassOf', () => {
  it.each([
    ['iPhone Safari', USER_AGENTS.iPhoneSafari, 'mobile'],
    ['Android phone Chrome, reduced UA with "Mobile"', USER_AGENTS.androidPhoneChromeReduced, 'mobile'],
    ['Firefox on an Android phone', USER_AGENTS.firefoxAndroidPhone, 'mobile'],
    ['Googlebot smartphone', USER_AGENTS.googlebotSmartphone, 'mobile'],
    ['Apple Watch (wearable)', USER_AGENTS.appleWatch, 'mobile'],
    ['Galaxy Watch (wearable)', USER_AGENTS.galaxyWatch, 'mobile'],
    ['Android tablet Chrome, reduced UA without "Mobile"', USER_AGENTS.androidTabletChromeReduced, 'tablet'],
    ['Galaxy Tab', USER_AGENTS.galaxyTab, 'tablet'],
    ['Firefox on an Android tablet', USER_AGENTS.firefoxAndroidTablet, 'tablet'],
    ['iPad on iOS 12', USER_AGENTS.iPadIos12, 'tablet'],
    ['iPadOS 17 Safari, which sends a Mac UA', USER_AGENTS.iPadOs17Safari, 'desktop'],
    ['Windows Chrome', USER_AGENTS.windowsChrome, 'desktop'],
    ['Linux Firefox', USER_AGENTS.linuxFirefox, 'desktop'],
    ['curl', USER_AGENTS.curl, 'desktop'],
    ['a smart TV', USER_AGENTS.samsungSmartTv, 'desktop'],
    ['a game console', USER_AGENTS.playStation5, 'desktop'],
    ['garbage', '\u0000\u00ff not a browser', 'desktop'],
  ])('%s → %s', (_name, userAgent, expected) => {
    expect(deviceClassOf(userAgent)).toBe(expected);
  });

  it('calls a missing or empty User-Agent desktop', () => {
    expect(deviceClassOf(undefined)).toBe('desktop');
    expect(deviceClassOf('')).toBe('desktop');
  });

  it('gives the same answer when the memoized User-Agent is asked again', () => {
    expect([1, 2, 3].map(() => deviceClassOf(USER_AGENTS.iPhoneSafari))).toEqual(['mobile', 'mobile', 'mobile']);
    expect([1, 2].map(() => deviceClassOf(USER_AGENTS.windowsChrome))).toEqual(['desktop', 'desktop']);
  });

  it('classifies a huge User-Agent by its first 1,024 characters', () => {
    expect(deviceClassOf(USER_AGENTS.iPhoneSafari + ' x'.repeat(50_000))).toBe('mobile');
    // what comes after the first 1,024 characters is never read
    expect(deviceClassOf(`${'x'.repeat(1024)} ${USER_AGENTS.iPhoneSafari}`)).toBe('desktop');
  });

  it('lists the three classes a rule may name', () => {
    expect(DEVICE_CLASSES).toEqual(['desktop', 'mobile', 'tablet']);
  });
});
