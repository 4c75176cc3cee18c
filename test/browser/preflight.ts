// Run before `npm run test:browser`: stop at once, in one line, when Chromium, a Bengali font or Java
// (for DynamoDB Local) is missing.
import { hasUsableJava, JAVA_MISSING } from '../../local/dynamodb/java.js';
import { BENGALI_FONT_MISSING, chromiumMissing, chromiumPath, hasBengaliFont } from './support/chromium.js';

function missing(): string | undefined {
  if (!chromiumPath()) return chromiumMissing();
  if (!hasBengaliFont()) return BENGALI_FONT_MISSING;
  if (!hasUsableJava()) return JAVA_MISSING;
  return undefined;
}

const problem = missing();
if (problem) {
  console.error(problem);
  process.exit(1);
}
