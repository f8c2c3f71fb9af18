define i32 @"snap_return_lean"(i64 %".1", i64* %".2")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".1", i64* %"l0"
  br label %"L0"
L0:
  %".6" = load i64, i64* %"l0"
  call void @"rt_incref_handle"(i64 %".6")
  store i64 %".6", i64* %".2"
  ret i32 0
}
