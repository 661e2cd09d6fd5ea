export const APP_NAME = '无讼';
export const APP_TITLE = '乡镇无讼创建工作平台';
