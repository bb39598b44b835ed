/* global require, __dirname, process */
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

/*
 * Transpiled files are kept in a folder of the machine's temporary directory, keyed by the compiler's
 * version, the options, the file's path and its text: a test that starts server processes again and
 * again (a node killed and restarted under load) would otherwise spend seconds of CPU transpiling the
 * same few hundred files at each start. A file whose text changed gets a new key.
 */
const crypto = require('node:crypto');
const os = require('node:os');
const cacheDir = path.join(
  os.tmpdir(),
  `daftar-register-ts-${crypto.createHash('sha256').update(`${ts.version}\0${JSON.stringify(compilerOptions)}\0${projectRoot}`).digest('hex').slice(0, 16)}`,
);
fs.mkdirSync(cacheDir, { recursive: true });

const transpiled = (filename, source) => {
  const cached = path.join(cacheDir, `${crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex')}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: false });
    // Written whole under another name, then renamed: a process reading it at the same time sees all or nothing.
    const partial = `${cached}.${process.pid}`;
    try {
      fs.writeFileSync(partial, outputText);
      fs.renameSync(partial, cached);
    } catch {
      // A full or read-only temporary folder only costs the next start the transpiling.
    }
    return outputText;
  }
};

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpiled(filename, fs.readFileSync(filename, 'utf8')), filename);
};

// What jest's setupFiles load for every test: type-graphql needs it before any decorated class.
require('reflect-metadata');
