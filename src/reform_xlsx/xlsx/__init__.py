"""What every workbook reform_xlsx writes shares: options, styles and print set-up, row sizing,
and LibreOffice for PDF and recalculation."""
