define i32 @"snap_jump"(i64 %".1", i64* %".2")
{
entry:
  %"s0" = alloca i64
  %"l0" = alloca i64
  store i64 %".1", i64* %"l0"
  br label %"L0"
L0:
  br label %"L4"
L4:
  %".7" = load i64, i64* %"l0"
  call void @"rt_incref_handle"(i64 %".7")
  store i64 %".7", i64* %".2"
  ret i32 0
}
