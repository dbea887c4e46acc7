module github.com/seed-3058a48d/queryparams

go 1.24

require github.com/google/go-cmp v0.7.0
