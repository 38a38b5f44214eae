import Taro from '@tarojs/taro';

/**
 * Hands an exported CSV to the person: in WeChat a file in the mini-program's own folder
 * (wx.env.USER_DATA_PATH) they forward to a chat (shareFileMessage), in the browser a download. The text
 * already starts with a BOM (the server adds it), so Excel opens the Chinese correctly.
 */
export async function saveCsv(filename: string, csv: string): Promise<'shared' | 'downloaded'> {
  if (process.env.TARO_ENV === 'weapp') {
    const filePath = `${Taro.env.USER_DATA_PATH}/${filename}`;
    await new Promise<void>((resolve, reject) =>
      Taro.getFileSystemManager().writeFile({ filePath, data: csv, encoding: 'utf8', success: () => resolve(), fail: (e) => reject(new Error(e.errMsg)) }),
    );
    await Taro.shareFileMessage({ filePath, fileName: filename });
    return 'shared';
  }
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return 'downloaded';
}
