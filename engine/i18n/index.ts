export * from './catalogue';
export * from './consent';
export * from './translate';
