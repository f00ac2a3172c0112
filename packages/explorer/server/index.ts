// Entry point of @pinion/explorer (the server; the web app under app/ is bundled by it).
export { EXPLORER_ANSWERS, EXPLORER_ERROR_CODES, ExplorerError, type ExplorerErrorCode } from './errors.ts'
export { ALLOWED_RPC_METHODS } from './rpcProxy.ts'
export { DEFAULT_EXPLORER_PORT, type ExplorerOptions, type RunningExplorer, startExplorer } from './startExplorer.ts'
