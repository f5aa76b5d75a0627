/**
 * Label widths without a browser: the advance widths of DejaVu Sans and DejaVu Sans Bold (the fonts the
 * PNG export renders with; Debian fonts-dejavu-core), per mille of the font size, for ASCII 32..126. They
 * were read from the fonts' `hmtx` tables. Other characters count as a full em, which over- rather than
 * under-estimates. Widths get a small safety margin because the webview may fall back to another sans-serif
 * font (Verdana, Segoe UI, Helvetica: all at most this wide for these labels).
 */

const SANS = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
    636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
    748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
    615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
    337, 636, 838,
];

const BOLD = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696,
    696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995,
    837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716,
    678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712,
    365, 712, 838,
];

/** Extra room for a fallback font in the webview. */
const SAFETY = 1.06;

/** The width in px of `text` set in DejaVu Sans (Bold) at `size` px. */
export function textWidth(text: string, size: number, bold = false): number {
    const table = bold ? BOLD : SANS;
    let units = 0;
    for (const ch of text) {
        const code = ch.codePointAt(0)!;
        units += code >= 32 && code < 127 ? table[code - 32] : 1000;
    }
    return Math.ceil((units / 1000) * size * SAFETY);
}

/** Cuts `text` to at most `max` px, ending with an ellipsis when cut. */
export function fitText(text: string, size: number, max: number, bold = false): string {
    if (textWidth(text, size, bold) <= max) return text;
    const chars = [...text];
    while (chars.length > 1 && textWidth(chars.join('') + '…', size, bold) > max) chars.pop();
    return chars.join('') + '…';
}
