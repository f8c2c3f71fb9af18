define i32 @"snap_push_unit"(i64* %".1")
{
entry:
  %"s0" = alloca i64
  br label %"L0"
L0:
  call void @"rt_incref_handle"(i64 -1688849860263936)
  store i64 -1688849860263936, i64* %".1"
  ret i32 0
}
