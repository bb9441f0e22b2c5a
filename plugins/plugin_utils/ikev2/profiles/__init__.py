# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pfne.netops contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client profiles for IKEv2 road warriors (Apple, Windows, Android); entry: render.render_profiles."""
