# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The error every input check of the collection raises: it names the offending field."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type


class FieldError(ValueError):
    """``field`` is the dotted path of the bad input; the message reads "field: why"."""

    def __init__(self, field, message):
        self.field = field
        super(FieldError, self).__init__("%s: %s" % (field, message))
