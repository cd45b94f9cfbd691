"""Admin forms for the parts of a story that are not plain model fields."""

from django import forms
from django.core.exceptions import ValidationError

from .models import AttendeeTable

GRID_HELP = (
    "첫 줄은 열 제목(측), 다음 줄부터는 이름입니다. 칸은 | 로 나눕니다. 빈 칸은 건너뜁니다.<br>"
    "예) 미국 측 참석자 | 일본 측 참석자<br>&nbsp;&nbsp;&nbsp;&nbsp;국무장관 | 외무상"
)


def parse_attendee_grid(text: str) -> list[tuple[str, list[str]]]:
    """'A | B\\nname | name' -> [("A", [names]), ("B", [names])]; raises ValidationError."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise ValidationError("참석자 표에 열 제목 줄이 없습니다.")
    headings = [cell.strip() for cell in lines[0].split("|")]
    if len(headings) < 2 or not all(headings):
        raise ValidationError("첫 줄에 | 로 나눈 열 제목이 두 개 이상 있어야 합니다.")
    columns: list[tuple[str, list[str]]] = [(heading, []) for heading in headings]
    for number, line in enumerate(lines[1:], start=2):
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > len(headings):
            raise ValidationError(
                "%(number)s번째 줄의 칸이 %(cells)s개로, 열 제목(%(columns)s개)보다 많습니다.",
                params={"number": number, "cells": len(cells), "columns": len(headings)},
            )
        for index, cell in enumerate(cells):
            if cell:
                columns[index][1].append(cell)
    return columns


def format_attendee_grid(table: AttendeeTable) -> str:
    columns = list(table.columns.all())
    if not columns:
        return ""
    lines = [" | ".join(column.heading for column in columns)]
    for row in table.rows():
        lines.append(" | ".join(attendee.name if attendee else "" for attendee in row))
    return "\n".join(lines)


class AttendeeTableForm(forms.ModelForm):
    grid = forms.CharField(
        label="열과 이름",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=GRID_HELP,
    )

    class Meta:
        model = AttendeeTable
        fields = ("title", "grid", "position")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["grid"].initial = format_attendee_grid(self.instance)

    def clean_grid(self):
        self.parsed_columns = parse_attendee_grid(self.cleaned_data["grid"])
        return self.cleaned_data["grid"]

    def save(self, commit=True):
        table = super().save(commit=commit)
        columns = self.parsed_columns
        if commit:
            table.replace_columns(columns)
        else:
            save_m2m = self.save_m2m

            def save_m2m_and_columns():
                save_m2m()
                table.replace_columns(columns)

            self.save_m2m = save_m2m_and_columns
        return table
