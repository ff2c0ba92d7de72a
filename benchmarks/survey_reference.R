# The estimates of `brobygger survey analyse` done by R's survey package, for the benchmark:
# Table 1 (svymean, svyciprop logit), the seven models (svyglm quasibinomial), the cell
# percentages of Tables 2-3. Reads DIR/clean.csv and DIR/levels.csv; prints R's statistical
# time (reading the file excluded) and writes its answers to DIR/r_answers.csv (after the
# timing) for the other tools to be checked against. usage: Rscript survey_reference.R DIR
suppressMessages(library(survey))
dir <- commandArgs(TRUE)[1]
d <- read.csv(file.path(dir, "clean.csv"), colClasses = "character", na.strings = "NA")
lv <- read.csv(file.path(dir, "levels.csv"), colClasses = "character")
d$w <- as.numeric(d$w); d$age <- as.numeric(d$age)
vars <- unique(lv$variable)
for (v in c(vars, "cls", "grp")) d[[v]][is.na(d[[v]])] <- ""
t0 <- Sys.time()
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d, nest = TRUE)
scored <- d$cls != ""
groups <- c("all", sort(unique(d$grp[d$grp != ""])))
ingrp <- function(g) if (g == "all") rep(TRUE, nrow(d)) else d$grp == g
ans <- list()
put <- function(kind, group, outcome, variable, category, what, value)
  ans[[length(ans) + 1]] <<- data.frame(kind = kind, group = group, outcome = outcome,
    variable = variable, category = category, what = what, value = value)
truth <- function(m) { cf <- coef(m); as.numeric(cf[grepl("TRUE$", names(cf))]) }
for (g in groups) {
  sub <- subset(des, ingrp(g) & scored)
  m <- svymean(~I(cls == "none") + I(cls == "moderate") + I(cls == "severe"), sub)
  ci <- svyciprop(~I(cls == "severe"), sub, method = "logit")
  put("table1", g, "", "", "", c("none_pct", "moderate_pct", "severe_pct", "severe_pct_low",
      "severe_pct_high"), 100 * c(truth(m), attr(ci, "ci")))
}
for (g in groups) for (o in c("severe", "moderate")) {
  if (g != "all" && o == "moderate") next
  keep <- ingrp(g) & d$cls %in% c("none", o) & !is.na(d$age)
  for (v in vars) keep <- keep & d[[v]] != ""
  dd <- des$variables
  used <- c()
  for (v in vars) {  # the contract: a factor enters when its reference and another level occur
    levs <- lv$category[lv$variable == v]; ref <- levs[lv$reference[lv$variable == v] == "True"]
    present <- unique(d[[v]][keep])
    if (length(present) >= 2 && ref %in% present) {
      used <- c(used, v)
      dd[[v]] <- relevel(factor(dd[[v]], levels = unique(c(levs, ""))), ref = ref)
    }
  }
  dd$y <- as.numeric(dd$cls == o)
  des2 <- des; des2$variables <- dd
  f <- as.formula(paste("y ~ age", if (length(used)) paste("+", paste(used, collapse = " + ")) else ""))
  m <- suppressWarnings(svyglm(f, design = subset(des2, keep), family = quasibinomial(),
                               control = glm.control(epsilon = 1e-13, maxit = 200)))
  ci <- suppressWarnings(confint(m)); s <- summary(m)$coefficients
  for (t in rownames(s)[-1]) put("model", g, o, "", t, c("or", "or_low", "or_high", "p"),
                                 c(exp(s[t, 1]), exp(ci[t, ]), s[t, 4]))
}
for (g in groups) for (v in vars) for (k in lv$category[lv$variable == v]) {
  m <- ingrp(g) & scored & d[[v]] == k
  if (sum(m) == 0) next
  cm <- svymean(~I(cls == "moderate") + I(cls == "severe"), subset(des, m))
  put("cell", g, "", v, k, c("moderate_pct", "severe_pct"), 100 * truth(cm))
}
cat(sprintf("R survey work %.3f s\n", as.numeric(difftime(Sys.time(), t0, units = "secs"))))
write.csv(do.call(rbind, ans), file.path(dir, "r_answers.csv"), row.names = FALSE)
