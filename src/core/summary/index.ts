export { renderSummary, SUMMARY_MAX_BYTES, type SummaryOptions } from './markdown.js';
export { renderTerminal, type TerminalOptions } from './terminal.js';
export { historyMarkdown, historyText, historyHeadline, type HistoryReport } from './history.js';
