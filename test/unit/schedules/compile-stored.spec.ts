import { Logger } from '@nestjs/common';
import { compileSchedules } from '../../../src/schedules/schedule';

const stored = (id: string, timeZone: string) => ({
  id,
  name: id,
  timeZone,
  weekly: [{ day: 'mon' as const, from: '09:00', to: '17:00' }],
  exceptions: [],
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe('compileSchedules', () => {
  it('keeps every schedule by lower-case id, and leaves out (logged) one whose zone this runtime does not know', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const book = compileSchedules([stored('A1B2C3D4-0000-4000-8000-000000000001', 'Europe/Berlin'), stored('gone', 'Mars/Olympus_Mons')]);
      expect([...book.keys()]).toEqual(['a1b2c3d4-0000-4000-8000-000000000001']);
      // Monday 2026-12-07 10:00 in Berlin is 09:00Z
      expect(book.get('a1b2c3d4-0000-4000-8000-000000000001')!.isOpen(Date.parse('2026-12-07T09:00:00Z'))).toBe(true);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('Mars/Olympus_Mons'));
    } finally {
      logged.mockRestore();
    }
  });
});
