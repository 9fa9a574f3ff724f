import naskhRegular from '@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-400-normal.woff';
import naskhBold from '@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-700-normal.woff';
import sansRegular from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff';
import sansBold from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff';
import sansExtRegular from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff';
import type { FontFile, Weight } from './fonts.ts';

/** The WOFF files, as bytes (esbuild's `binary` loader in the functions, a vitest plugin in tests). */
export const FONT_FILES: Record<Weight, FontFile[]> = {
  regular: [
    { name: 'NotoSans-Regular', bytes: sansRegular, arabic: false },
    { name: 'NotoSans-RegularExt', bytes: sansExtRegular, arabic: false },
    { name: 'NotoNaskhArabic-Regular', bytes: naskhRegular, arabic: true },
  ],
  bold: [
    { name: 'NotoSans-Bold', bytes: sansBold, arabic: false },
    { name: 'NotoSans-RegularExt', bytes: sansExtRegular, arabic: false },
    { name: 'NotoNaskhArabic-Bold', bytes: naskhBold, arabic: true },
  ],
};
