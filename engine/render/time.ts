// Moved to i18n/dates.ts, where the certificate (pdf/) can use it too; the page and the emails import it from here.
export { formatInZone } from '../i18n/dates';
