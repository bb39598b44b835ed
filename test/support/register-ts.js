/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS require hook is written with require */
'use strict';
/**
 * Lets a plain `node -r test/support/register-ts.js file.ts` child process run our TypeScript:
 * each .ts file is transpiled on require with the project's compiler options (CommonJS,
 * decorators and their metadata). Tests spawn servers and crash-test writers with it, because
 * ts-node is not installed and tsx/esbuild drop decorator metadata. No type checking happens here.
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const projectRoot = path.resolve(__dirname, '..', '..');
const configFile = path.join(projectRoot, 'tsconfig.json');
const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, projectRoot, configFile);
const compilerOptions = {
  ...options,
  module: ts.ModuleKind.CommonJS,
  noEmit: false,
  sourceMap: false,
  inlineSourceMap: true,
  inlineSources: true,
  declaration: false,
};

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: false });
  module._compile(outputText, filename);
};

// What jest's setupFiles load for every test: type-graphql needs it before any decorated class.
require('reflect-metadata');
