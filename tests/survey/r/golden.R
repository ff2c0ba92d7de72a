# Golden numbers from R's survey package for tests/survey/test_r_golden.py.
# usage (from the repository root): Rscript tests/survey/r/golden.R
# Writes tests/survey/r/golden.csv (case, what, term, value) and tests/survey/r/nhanes/nhanes.csv
# (R's `nhanes` data, exported; see README.md beside it for its licence).
# Every fit runs to convergence: glm.control(epsilon = 1e-13, maxit = 200); no collinear dummies.
suppressMessages(library(survey))
data(api); data(nhanes)
here <- "tests/survey/r"
ctl <- glm.control(epsilon = 1e-13, maxit = 200)
out <- list()
put <- function(case, what, value, term = "") {
  out[[length(out) + 1]] <<- data.frame(case = case, what = what, term = term, value = value)
}
put_mean <- function(case, m) { put(case, "mean", coef(m)[[1]]); put(case, "mean_se", SE(m)[[1]]) }
put_prop <- function(case, formula, design, ...) {
  for (method in c("logit", "beta")) {
    ci <- svyciprop(formula, design, method = method, ...)
    put(case, paste0("prop_", method), as.numeric(ci))
    put(case, paste0("prop_", method, "_low"), attr(ci, "ci")[[1]])
    put(case, paste0("prop_", method, "_high"), attr(ci, "ci")[[2]])
  }
}
put_glm <- function(case, m) {
  s <- summary(m)$coefficients
  ci <- confint(m)
  for (term in rownames(s)) {
    put(case, "coef", s[term, 1], term); put(case, "se", s[term, 2], term)
    put(case, "p", s[term, 4], term)
    put(case, "ci_low", ci[term, 1], term); put(case, "ci_high", ci[term, 2], term)
  }
  put(case, "df_residual", m$df.residual)
}

# the nhanes export (with a factor of race and the age band's midpoint as a number, for the CLI)
nh <- nhanes
nh$age <- c(10, 30, 50, 70)[as.integer(nh$agecat)]
write.csv(nh, file.path(here, "nhanes", "nhanes.csv"), row.names = FALSE, na = "")
nh$race <- relevel(factor(nh$race), ref = "2")
nh$female <- as.numeric(nh$RIAGENDR == 2)
des <- svydesign(ids = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = nh)

# 1. missing outcome, no domain: svymean / svyciprop with na.rm = TRUE
put_mean("nhanes_na", svymean(~HI_CHOL, des, na.rm = TRUE))
put_prop("nhanes_na", ~HI_CHOL, des, na.rm = TRUE)
put("nhanes_na", "df", degf(des))

# 2. a domain of a stratified clustered design that misses some PSUs and strata
dom <- nh$race == "4" & nh$agecat == "(59,Inf]"
sub <- subset(des, dom)
put("domain", "df", degf(sub))
put("domain", "df_whole", degf(des))
put_mean("domain", svymean(~HI_CHOL, sub, na.rm = TRUE))
put_prop("domain", ~HI_CHOL, sub, na.rm = TRUE)
put_glm("domain", svyglm(HI_CHOL ~ female, sub, family = quasibinomial(), control = ctl))

# 3. every lonely_psu option: stratum 89 keeps only its PSU 1
lone <- nh[!(nh$SDMVSTRA == 89 & nh$SDMVPSU == 2), ]
dlone <- svydesign(ids = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = lone)
ldom <- lone$race == "4" & lone$agecat == "(59,Inf]"
for (option in c("fail", "remove", "adjust", "certainty", "average")) {
  options(survey.lonely.psu = option)
  case <- paste0("lonely_", option)
  m <- try(svymean(~HI_CHOL, dlone, na.rm = TRUE), silent = TRUE)
  if (inherits(m, "try-error")) { put(case, "error", 1); next }
  put_mean(case, m)
  put_mean(paste0(case, "_domain"), svymean(~HI_CHOL, subset(dlone, ldom), na.rm = TRUE))
  put_glm(case, svyglm(HI_CHOL ~ race + female + age, dlone, family = quasibinomial(), control = ctl))
}
options(survey.lonely.psu = "fail")

# 4. two stages with an fpc at both, a domain, and a covariate with missing values (enroll)
dclus2 <- svydesign(ids = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
put_mean("clus2_domain", svymean(~api00, subset(dclus2, stype == "H")))
put_prop("clus2_domain", ~I(sch.wide == "Yes"), subset(dclus2, stype == "H"))
put("clus2_domain", "df", degf(subset(dclus2, stype == "H")))
put_mean("clus2_na", svymean(~enroll, dclus2, na.rm = TRUE))
put_glm("clus2_na", svyglm(I(sch.wide == "Yes") ~ ell + meals + enroll, dclus2,
                           family = quasibinomial(), control = ctl))

write.csv(do.call(rbind, out), file.path(here, "golden.csv"), row.names = FALSE)

# 5. nhanes through the CLI: the contract's tables made by R (see nhanes/codebook.yaml:
# HI_CHOL 1 is the "severe" band, age groups 0-39 and 40-, covariates sex and race)
nh$grp <- ifelse(nh$age < 40, "0-39", "40-")
nh$sex <- relevel(factor(ifelse(nh$RIAGENDR == 1, "male", "female")), ref = "male")
des <- svydesign(ids = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = nh)
scored <- !is.na(nh$HI_CHOL)
rows <- list()
for (g in c("all", "0-39", "40-")) {
  ing <- if (g == "all") rep(TRUE, nrow(nh)) else nh$grp == g
  s <- subset(des, ing & scored)
  ci <- svyciprop(~HI_CHOL, s, method = "logit")
  rows[[length(rows) + 1]] <- data.frame(table = "table1", group = g, variable = "", category = "",
    what = c("n", "severe_pct", "severe_pct_low", "severe_pct_high"),
    value = c(sum(ing & scored), 100 * coef(svymean(~HI_CHOL, s))[[1]], 100 * attr(ci, "ci")))
  m <- svyglm(HI_CHOL ~ age + sex + race, s, family = quasibinomial(), control = ctl)
  cf <- coef(m); cis <- confint(m); p <- summary(m)$coefficients[, 4]
  terms <- list(age = c("age", ""), sexfemale = c("sex", "female"), race1 = c("race", "1"),
                race3 = c("race", "3"), race4 = c("race", "4"))
  for (t in names(terms)) {
    rows[[length(rows) + 1]] <- data.frame(table = if (g == "all") "table2" else "table3",
      group = g, variable = terms[[t]][1], category = terms[[t]][2],
      what = c("severe_or", "severe_or_low", "severe_or_high", "severe_p"),
      value = c(exp(cf[[t]]), exp(cis[t, 1]), exp(cis[t, 2]), p[[t]]))
  }
}
write.csv(do.call(rbind, rows), file.path(here, "nhanes", "expected.csv"), row.names = FALSE)
cat("written\n")
