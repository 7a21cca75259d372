export * from './app';
export * from './catalogue';
export * from './certificate';
export * from './consent';
export * from './email';
export * from './page';
export * from './translate';
