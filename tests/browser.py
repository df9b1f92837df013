"""Headless Chromium for the kit's browser tests: Debian's ``chromium`` and
``chromium-driver`` (browser downloads are not possible offline), driven
with Selenium.

Where they are missing and this runs as root with apt, they are installed
once (``apt-get install chromium chromium-driver``), so that the README's
test command needs nothing done by hand; otherwise the browser tests are
skipped with the reason."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

import pytest

PACKAGES = ("chromium", "chromium-driver")


@functools.cache
def chromium() -> tuple[str, str] | str:
    """(browser, driver) paths, or why there are none."""
    def found():
        browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
        return (browser, driver) if browser and driver else None

    if found():
        return found()
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return ("Debian's chromium and chromium-driver are not installed "
                "(apt-get install chromium chromium-driver)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *PACKAGES]):
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {(done.stderr or done.stdout).strip()[-300:]}"
    return found() or "apt-get installed chromium but no chromium/chromedriver is on PATH"


def driver(width: int = 1200, height: int = 1600):
    """A headless Chromium WebDriver (the caller quits it), or a skip."""
    paths = chromium()
    if isinstance(paths, str):
        pytest.skip(paths)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, chromedriver = paths
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={width},{height}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(chromedriver), options=options)
