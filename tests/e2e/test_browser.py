"""The browser tests run on Debian's Chromium, not on a browser Playwright downloaded."""

import subprocess

from .conftest import CHROMIUM


def test_the_browser_is_the_system_chromium(browser):
    installed = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=True).stdout
    assert browser.version in installed, (browser.version, installed)
