"""jnjp_analysis: the Tibet Autonomous Region's 13th Five-Year energy saving and emission
reduction plan (《西藏自治区“十三五”节能减排规划暨实施方案》, 2018), as data and analysis.

Modules
-------
prefectures  the seven prefectures (slug, 中文名, English name, seat class)
source       the raw plan text and the two annex tables parsed from it
targets      tidy target tables, the regional target catalogue and the reconciliation
trajectory   compound paths, required remaining rates, double-control headroom
pacing       the "front-loose, back-tight" (前松后紧) pacing check
scenarios    scenario projections to 2020 and Monte Carlo
charts       matplotlib/seaborn figures with bilingual labels
reports      the papermill/nbconvert build of the briefings
"""

__version__ = "0.1.0"

BASE_YEAR = 2015
TARGET_YEAR = 2020
PLAN_YEARS = tuple(range(BASE_YEAR + 1, TARGET_YEAR + 1))  # 2016..2020
T = TARGET_YEAR - BASE_YEAR  # 5
