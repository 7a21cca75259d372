import type { Catalogue } from '../catalogue';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { he } from './he';
import { it } from './it';
import { nl } from './nl';
import { pl } from './pl';
import { pt } from './pt';

export const certificateCatalogue: Catalogue<typeof en> = { en, de, fr, it, es, pt, nl, pl, he };
