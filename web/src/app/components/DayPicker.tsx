/**
 * A date field that takes typing as people write dates: 2026-12-03, 2026/12/03, 2026.12.03, 20261203 or
 * 2026年12月3日 (the first format is how it shows). antd's picker parses what is typed against this list
 * and commits it on Enter or when the field loses focus.
 */
import { DatePicker, type DatePickerProps } from 'antd';
import type { RangePickerProps } from 'antd/es/date-picker';

// two-digit months and days only: a shorter form would match half-way through typing (2026/12/1 of 2026/12/18)
export const TYPED_DAY_FORMATS = ['YYYY-MM-DD', 'YYYY/MM/DD', 'YYYY.MM.DD', 'YYYYMMDD', 'YYYY年M月D日'];

function typedFormat(picker: unknown, showTime: unknown) {
  return !showTime && (!picker || picker === 'date') ? TYPED_DAY_FORMATS : undefined;
}

function Day(props: DatePickerProps<import('dayjs').Dayjs, false>) {
  return <DatePicker format={typedFormat(props.picker, props.showTime)} {...props} />;
}

function Range(props: RangePickerProps) {
  return <DatePicker.RangePicker format={typedFormat(props.picker, props.showTime)} {...props} />;
}

export const DayPicker = Object.assign(Day, { RangePicker: Range });
