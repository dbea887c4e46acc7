module github.com/seed-3058a48d/queryparams/examples/websocket

go 1.24

replace github.com/seed-3058a48d/queryparams => ../..

require (
	github.com/coder/websocket v1.8.15
	github.com/seed-3058a48d/queryparams v0.0.0-00010101000000-000000000000
)
