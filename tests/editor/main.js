// The editor picture of the handleiding (tests/handleiding_pictures.py): Monaco, the editor
// of VS Code, with monaco-yaml, the YAML language server that VS Code's YAML extension uses.
// Bundled with esbuild into a cache folder at picture time; nothing of npm is committed.
import * as monaco from 'monaco-editor'
import { configureMonacoYaml } from 'monaco-yaml'

globalThis.MonacoEnvironment = {
  getWorker(moduleId, label) {
    return new Worker(label === 'yaml' ? '/__editor/yaml.worker.js' : '/__editor/editor.worker.js')
  }
}

const params = new URLSearchParams(location.search)
const path = params.get('bestand')
const text = await (await fetch('/' + path)).text()

// As in VS Code, the file's first line, `# yaml-language-server: $schema=…`, names the schema:
// the one `stj new` wrote into the data repository served at this origin. The language
// server resolves that name to a path; the page hands it the file's content under that path.
const named = text.split('\n')[0].match(/\$schema=(\S+)/)[1]
const schemaPath = new URL(named, location.origin + '/' + path).pathname
const schema = await (await fetch(schemaPath)).json()
configureMonacoYaml(monaco, {
  enableSchemaRequest: false, completion: true, hover: true, validate: true,
  schemas: [{ uri: schemaPath, fileMatch: ['**/*.yaml'], schema }]
})
const model = monaco.editor.createModel(text, 'yaml', monaco.Uri.parse(location.origin + '/' + path))
const editor = monaco.editor.create(document.getElementById('editor'), {
  model, theme: 'vs', fontSize: 15, minimap: { enabled: false }, automaticLayout: true,
  scrollBeyondLastLine: false, renderLineHighlight: 'line', quickSuggestions: false,
  wordBasedSuggestions: 'off', cursorBlinking: 'solid'
})
// the `oordeel:` of the finding that names `regel`, emptied, the cursor after it; then
// completion, as Ctrl+space asks for it
const lines = text.split('\n')
const start = lines.findIndex((l) => l.includes(params.get('regel')))
const line = start + lines.slice(start).findIndex((l) => l.includes('oordeel: ')) + 1
const column = lines[line - 1].indexOf('oordeel: ') + 'oordeel: '.length + 1
model.pushEditOperations([], [{ range: new monaco.Range(line, column, line, lines[line - 1].length + 1), text: '' }], () => null)
editor.revealLineInCenter(line)
editor.setPosition({ lineNumber: line, column })
editor.focus()
globalThis.vraagAanvulling = () => editor.trigger('test', 'editor.action.triggerSuggest', {})
globalThis.markers = () => monaco.editor.getModelMarkers({}).map((m) => m.message)
globalThis.editorKlaar = true
