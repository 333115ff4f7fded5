// VS Code workbench selectors and gestures for code-server 4.100.3, in one place: they are VS Code
// internals and change between versions (../shared/research/e2e-feasibility.md §2.5, §2.9).
export const SELECTORS = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  quickInput: '.quick-input-widget input',
  quickInputTitle: '.quick-input-widget .quick-input-title',
  quickInputRow: '.quick-input-list .monaco-list-row',
  /** A row's label without its description and detail. */
  rowLabel: '.label-name',
  editorLines: '.editor-instance .monaco-editor .view-lines',
  warningSquiggle: '.editor-instance .squiggly-warning',
  problemsRow: '.markers-panel .monaco-list-row',
  actionRow: '.action-widget .monaco-list-row',
  notification: '.notification-toast .notification-list-item-message',
};

export class Workbench {
  constructor(page) {
    this.page = page;
  }

  async open(url) {
    await this.page.goto(url);
    await this.page.locator(SELECTORS.workbench).waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the browser is connected to the server.
    await this.page.locator(SELECTORS.explorerRow).first().waitFor({ timeout: 60_000 });
  }

  /** Opens a quick input (Ctrl+P, Ctrl+G, F1) and types into it. */
  async quickInput(keys, text) {
    await this.page.keyboard.press(keys);
    await this.page.locator(SELECTORS.quickInput).waitFor({ state: 'visible' });
    await this.page.keyboard.type(text);
  }

  async openFile(name) {
    await this.quickInput('Control+P', name);
    await this.page.locator(SELECTORS.quickInputRow, { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator(SELECTORS.editorLines).waitFor();
  }

  async goToLine(line, column) {
    await this.page.locator(SELECTORS.editorLines).click();
    await this.quickInput('Control+G', `${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Applies the code action titled `title` from the open Ctrl+. menu with the keyboard, as users do
   * (a mouse click lands on the menu's pointer block).
   */
  async chooseAction(title) {
    const focused = this.page.locator(`${SELECTORS.actionRow}.focused`);
    for (let moves = 0; moves < 20; moves++) {
      if ((await focused.count()) === 1 && (await focused.getAttribute('aria-label')) === title) {
        await this.page.keyboard.press('Enter');
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`no \`${title}\` in the code action menu`);
  }

  problem(text) {
    return this.page.locator(SELECTORS.problemsRow, { hasText: text });
  }

  async runCommand(title) {
    await this.quickInput('F1', title);
    await this.page.locator(SELECTORS.quickInputRow, { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** The editor's text in line order (Monaco recycles line nodes: DOM order is not line order). */
  editorText() {
    return this.page.evaluate((selector) => [...document.querySelectorAll(`${selector} .view-line`)]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => line.textContent.replace(/\u00a0/g, ' '))
      .join('\n'), SELECTORS.editorLines);
  }
}
