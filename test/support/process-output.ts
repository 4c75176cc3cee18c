// Every line written to stdout and stderr from now until restore(), for a privacy test to search:
// the suite otherwise runs handlers silent.
export interface ProcessOutput {
  readonly text: string;
  restore(): void;
}

export function captureProcessOutput(): ProcessOutput {
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  let text = '';
  const capture = ((chunk: string | Uint8Array) => {
    text += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  return {
    get text() {
      return text;
    },
    restore() {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    },
  };
}
