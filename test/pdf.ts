/**
 * Rendered-output checks for the .docx papers (issue 14.12): LibreOffice headless converts a document to PDF,
 * poppler's pdftotext gives the text of each page, pdftoppm the pictures (into PAPER_SHOTS when set).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const HAS_SOFFICE = which('soffice') && which('pdftotext');
export const NO_SOFFICE_MESSAGE = 'soffice (libreoffice-writer-nogui) or pdftotext (poppler-utils) is not installed: the PDF rendering checks are skipped — .ci/run installs them';

/** Converts a .docx to PDF and returns the text of each page (layout kept). */
export function docxPages(docx: Buffer, name: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wusong-pdf-'));
  try {
    const src = path.join(dir, `${name}.docx`);
    fs.writeFileSync(src, docx);
    // an own profile per conversion: parallel test files must not share LibreOffice's user installation
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, src], { stdio: 'ignore', timeout: 120_000 });
    const pdf = path.join(dir, `${name}.pdf`);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const shots = process.env.PAPER_SHOTS;
    if (shots) {
      fs.mkdirSync(shots, { recursive: true });
      execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(shots, name)]);
    }
    const pages = text.split('\f');
    if (pages[pages.length - 1].trim() === '') pages.pop();
    return pages;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** pdftotext -layout spaces out CJK text: compare without whitespace. */
export const squash = (s: string) => s.replace(/\s+/g, '');
