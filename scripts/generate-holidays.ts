// `npm run holidays`: writes domain/danish-holidays.ts, the table of Danish holidays that workflow
// code reads, from the `date-holidays` library. Run it after upgrading the library.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIRST_YEAR, LAST_YEAR, libraryVersion, renderHolidayTable } from './holidays/from-library.js';

export const HOLIDAY_TABLE_PATH = fileURLToPath(new URL('../domain/danish-holidays.ts', import.meta.url));

writeFileSync(HOLIDAY_TABLE_PATH, renderHolidayTable());
console.log(`wrote domain/danish-holidays.ts: ${FIRST_YEAR}–${LAST_YEAR} from ${libraryVersion()}`);
