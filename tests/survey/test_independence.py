"""The statistics library stands alone: importing all of it loads no Django."""

import subprocess
import sys


def test_the_survey_package_never_imports_django():
    code = (
        "import sys, pkgutil, importlib, brobygger.survey as s\n"
        "for m in pkgutil.walk_packages(s.__path__, 'brobygger.survey.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n == 'django' or n.startswith('django.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
