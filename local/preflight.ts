// Run before `npm test` and `npm start`: stop at once, in one line, when a prerequisite is missing.
import { hasUsableJava, JAVA_MISSING } from './dynamodb/java.js';

if (!hasUsableJava()) {
  console.error(JAVA_MISSING);
  process.exit(1);
}
