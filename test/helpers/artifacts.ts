import path from 'node:path';

/** test/artifacts: screenshots and rendered pages a person can look at after a run (git ignores it). */
export const ARTIFACTS = path.resolve(__dirname, '../artifacts');
