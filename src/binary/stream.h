/*
 * stream: the type codes of the kernel's typed stream
 * (binary-policy-format.md §1.1), shared by the writer and the reader of
 * src/binary (internal to the module).
 */
#ifndef CONFINE_BINARY_STREAM_H
#define CONFINE_BINARY_STREAM_H

enum {
	T_U8 = 0x00, T_U16 = 0x01, T_U32 = 0x02, T_U64 = 0x03, T_NAME = 0x04,
	T_STRING = 0x05, T_BLOB = 0x06, T_STRUCT = 0x07, T_STRUCTEND = 0x08,
	T_LIST = 0x09, T_LISTEND = 0x0a, T_ARRAY = 0x0b, T_ARRAYEND = 0x0c,
};

#endif
