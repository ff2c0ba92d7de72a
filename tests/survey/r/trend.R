# Golden numbers from R's survey package for tests/survey/test_trend_golden.py (issue 15).
# usage (from the repository root): Rscript tests/survey/r/trend.R
# Writes into tests/survey/r/trend/: the two waves (wave2013.csv: stratified and clustered;
# wave2017.csv: weights only, other column names and codes, a few missing ages), and
# expected.csv (case, group, wave, what, value). The codebooks and standard.csv beside them
# are written by hand. Every number is R's:
# - crude: svyciprop(~severe, method = "logit") and svymean in the domain (wave, group, scored);
# - differences: svycontrast on svyby(~severe, ~wave, svymean, covmat = TRUE) over the waves
#   pooled as one design with wave-specific strata (the weights-only wave: one stratum, each
#   respondent its own PSU), normal interval (confint) and p = 2 * pnorm(-|z|);
# - standardised: svyby(~severe, ~wave, svymean) on svystandardize(by = ~agegroup,
#   over = ~wave, population = shares) of the scored respondents with an age group, under
#   the default standard (the first wave's weighted age distribution among them) and the
#   given one (standard.csv), with their contrast.
suppressMessages(library(survey))
here <- "tests/survey/r/trend"
set.seed(15)
groups <- c("16-29", "30-44", "45-64", "65-")
group_of <- function(age) {
  cut(age, c(16, 30, 45, 65, Inf), right = FALSE, labels = groups)
}
# items from a class: severe 7-9, moderate 5-6, not 3-4 points on three 1-3 items
items_for <- function(score) {
  t(sapply(score, function(s) {
    repeat { x <- sample(1:3, 3, replace = TRUE); if (sum(x) == s) return(x) }
  }))
}
draw_scores <- function(p_sev, p_mod) {
  u <- runif(length(p_sev))
  ifelse(u < p_sev, sample(7:9, length(u), TRUE, prob = c(.55, .3, .15)),
         ifelse(u < p_sev + p_mod, sample(5:6, length(u), TRUE), sample(3:4, length(u), TRUE)))
}

# wave 2013: 4 strata x 12 clusters x 50 respondents, weights by stratum, cluster effects
n1 <- 2400
strat <- rep(1:4, each = 600)
klynge <- rep(1:12, each = 50, times = 4)
age1 <- sample(16:92, n1, TRUE)
g1 <- as.integer(group_of(age1))
effect <- rnorm(48, 0, 0.35)[(strat - 1) * 12 + klynge]
p_sev1 <- plogis(qlogis(c(.09, .06, .05, .07)[g1]) + effect)
items1 <- items_for(draw_scores(p_sev1, 0.2))
wgt1 <- round(c(80, 120, 95, 150)[strat] * exp(rnorm(n1, 0, 0.25)), 4)
miss1 <- matrix(runif(n1 * 3) < 0.03, ncol = 3)
items1[miss1] <- 9
w13 <- data.frame(id = 1:n1, strat = strat, klynge = klynge, wgt = wgt1, alder = age1,
                  sp1 = items1[, 1], sp2 = items1[, 2], sp3 = items1[, 3])
write.csv(w13, file.path(here, "wave2013.csv"), row.names = FALSE)

# wave 2017: weights only, items coded 0-2 (missing 8), an older sample, more severe young
n2 <- 2000
age2 <- pmin(16 + floor(rexp(n2, 1 / 28)), 95)
g2 <- as.integer(group_of(age2))
p_sev2 <- c(.13, .07, .05, .06)[g2]
items2 <- items_for(draw_scores(p_sev2, 0.2)) - 1
miss2 <- matrix(runif(n2 * 3) < 0.03, ncol = 3)
items2[miss2] <- 8
w2 <- round(100 * exp(rnorm(n2, 0, 0.4)) * ifelse(age2 < 30, 1.5, 1), 4)
age2 <- ifelse(runif(n2) < 0.01, NA, age2)
w17 <- data.frame(lbnr = 1:n2, vaegt = w2, age_years = age2,
                  ensom_a = items2[, 1], ensom_b = items2[, 2], ensom_c = items2[, 3])
write.csv(w17, file.path(here, "wave2017.csv"), row.names = FALSE, na = "")

# scoring as each codebook says: 2013 codes 1-3 (9 missing), at least 2 of 3 items;
# 2017 codes 0-2 mean 1-3 (8 missing), all 3 items
score <- function(m, min_items) {
  answered <- rowSums(!is.na(m))
  s <- rowSums(m, na.rm = TRUE) * 3 / answered
  ifelse(answered >= min_items, s, NA)
}
m1 <- as.matrix(w13[, c("sp1", "sp2", "sp3")]); m1[m1 == 9] <- NA
m2 <- as.matrix(w17[, c("ensom_a", "ensom_b", "ensom_c")]) + 1; m2[m2 == 9] <- NA
s1 <- score(m1, 2); s2 <- score(m2, 3)
stack <- rbind(
  data.frame(wave = "2013", stratum = paste0("2013:", w13$strat),
             psu = paste0("2013:", w13$strat, ":", w13$klynge), weight = w13$wgt,
             agegroup = group_of(w13$alder), score = s1),
  data.frame(wave = "2017", stratum = "2017", psu = paste0("2017:", w17$lbnr),
             weight = w17$vaegt, agegroup = group_of(w17$age_years), score = s2)
)
stack$wave <- factor(stack$wave)
stack$scored <- !is.na(stack$score)
stack$severe <- as.numeric(!is.na(stack$score) & stack$score >= 7)
stack$moderate <- as.numeric(!is.na(stack$score) & stack$score >= 5 & stack$score < 7)
pooled <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = stack)
scored <- subset(pooled, scored)

out <- list()
put <- function(case, group, wave, what, value) {
  out[[length(out) + 1]] <<- data.frame(case = case, group = group, wave = wave, what = what,
                                        value = value)
}
z <- qnorm(0.975)
for (g in c("all", groups)) {
  in_group <- if (g == "all") stack$scored else stack$scored & stack$agegroup %in% g
  for (w in levels(stack$wave)) {
    d <- subset(pooled, in_group & wave == w)
    ci <- svyciprop(~severe, d, method = "logit")
    m <- svymean(~severe, d)
    put("crude", g, w, "n", sum(in_group & stack$wave == w))
    put("crude", g, w, "severe_pct", 100 * coef(m)[[1]])
    put("crude", g, w, "severe_se", 100 * SE(m)[[1]])
    put("crude", g, w, "severe_pct_low", 100 * attr(ci, "ci")[[1]])
    put("crude", g, w, "severe_pct_high", 100 * attr(ci, "ci")[[2]])
    put("crude", g, w, "moderate_pct", 100 * coef(svymean(~moderate, d))[[1]])
  }
  # the domain as a by-variable of the whole pooled design (svyby's covmat needs every row)
  pooled <- update(pooled, inside = in_group)
  by <- svyby(~severe, ~inside + wave, pooled, svymean, covmat = TRUE)
  con <- svycontrast(by, setNames(c(-1, 1), c("TRUE.2013", "TRUE.2017")))
  est <- 100 * coef(con)[[1]]; se <- 100 * SE(con)[[1]]; ci <- 100 * confint(con)
  put("diff", g, "2017", "diff_pp", est)
  put("diff", g, "2017", "diff_se", se)
  put("diff", g, "2017", "diff_low", ci[1, 1])
  put("diff", g, "2017", "diff_high", ci[1, 2])
  put("diff", g, "2017", "diff_p", 2 * pnorm(-abs(est / se)))
}

aged <- subset(pooled, scored & !is.na(agegroup))
first <- svytable(~agegroup, subset(aged, wave == "2013"))
given <- read.csv(file.path(here, "standard.csv"))
standards <- list(default = as.vector(first) / sum(first), given = given$share)
for (name in names(standards)) {
  shares <- standards[[name]]
  for (k in seq_along(groups)) put(paste0("standard_", name), groups[k], "", "share", shares[k])
  std <- svystandardize(aged, by = ~agegroup, over = ~wave, population = shares)
  # covmat = TRUE fails on a calibrated design in survey 4.1-1 (the influence functions of
  # a subset keep every row); the waves' estimates are independent (no stratum in common),
  # so the block-diagonal covariance svyby gives without it is the whole covariance
  by <- svyby(~severe, ~wave, std, svymean)
  ci <- confint(by)
  for (i in seq_along(levels(stack$wave))) {
    w <- levels(stack$wave)[i]
    put(paste0("standard_", name), "all", w, "severe_pct_std", 100 * coef(by)[[i]])
    put(paste0("standard_", name), "all", w, "severe_pct_std_se", 100 * SE(by)[[i]])
    put(paste0("standard_", name), "all", w, "severe_pct_std_low", 100 * ci[i, 1])
    put(paste0("standard_", name), "all", w, "severe_pct_std_high", 100 * ci[i, 2])
  }
  con <- svycontrast(by, c(-1, 1))
  est <- 100 * coef(con)[[1]]; se <- 100 * SE(con)[[1]]
  put(paste0("standard_", name), "all", "2017", "diff_std_pp", est)
  put(paste0("standard_", name), "all", "2017", "diff_std_se", se)
  put(paste0("standard_", name), "all", "2017", "diff_std_p", 2 * pnorm(-abs(est / se)))
}
write.csv(do.call(rbind, out), file.path(here, "expected.csv"), row.names = FALSE)
