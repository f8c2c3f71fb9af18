define i32 @"snap_push_nil"(i64* %".1")
{
entry:
  %"s0" = alloca i64
  br label %"L0"
L0:
  call void @"rt_incref_handle"(i64 -1407374883553280)
  store i64 -1407374883553280, i64* %".1"
  ret i32 0
}
