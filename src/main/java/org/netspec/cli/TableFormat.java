package org.netspec.cli;

/** The output formats of the commands that print tables ({@code analyze}, {@code compare}), as typed after --format. */
enum TableFormat { table, markdown, csv, json }
