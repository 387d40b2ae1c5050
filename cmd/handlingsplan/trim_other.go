//go:build !linux || !cgo

package main

func releaseCHeap() {}
