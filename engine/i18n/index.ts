export * from './catalogue';
export * from './consent';
export * from './page';
export * from './translate';
