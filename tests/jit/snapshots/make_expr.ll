define internal i64 @"snap_make_expr.f0"(i64 %".1", i64 %".2")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  store i64 %".2", i64* %"l0"
  store i64 -1407374883553280, i64* %"l1"
  %".6" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".7" = getelementptr inbounds {i64, i64}, {i64, i64}* %".6", i32 0, i32 0
  %".8" = load i64, i64* %".7"
  %".9" = getelementptr inbounds {i64, i64}, {i64, i64}* %".6", i32 0, i32 1
  %".10" = load i64, i64* %".9"
  %".11" = call i8* @"llvm.stacksave"()
  %".12" = ptrtoint i8* %".11" to i64
  %".13" = icmp ugt i64 %".12", %".8"
  %".14" = icmp slt i64 %".1", %".10"
  %".15" = and i1 %".13", %".14"
  br i1 %".15", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
L0:
  %".20" = load i64, i64* %"l0"
  %".21" = lshr i64 %".20", 48
  %".22" = icmp eq i64 %".21", 65528
  %".23" = lshr i64 %".20", 1
  %".24" = icmp eq i64 %".23", 9222386874436288512
  %".25" = or i1 %".22", %".24"
  %".26" = lshr i64 %".20", 51
  %".27" = icmp ne i64 %".26", 8191
  %".28" = or i1 %".25", %".27"
  %".29" = xor i1 %".28", -1
  br i1 %".29", label %"L0.if", label %"L0.endif", !prof !1
L0.if:
  %".31" = call i1 @"rt_word_inert"(i64 %".20")
  br i1 %".31", label %"ok_term", label %"bail_term", !prof !0
L0.endif:
  %".36" = lshr i64 %".20", 48
  %".37" = icmp eq i64 %".36", 65528
  br i1 %".37", label %"ok_not_small_int", label %"bail_not_small_int", !prof !0
ok_term:
  br label %"L0.endif"
bail_term:
  store i32 10, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
ok_not_small_int:
  %".41" = shl i64 %".20", 16
  %".42" = ashr i64 %".41", 16
  %".43" = add nsw i64 %".42", 1
  %".44" = shl i64 %".43", 16
  %".45" = ashr i64 %".44", 16
  %".46" = icmp eq i64 %".45", %".43"
  br i1 %".46", label %"ok_overflow", label %"bail_overflow", !prof !0
bail_not_small_int:
  store i32 1, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
ok_overflow:
  %".50" = and i64 %".43", 281474976710655
  %".51" = or i64 %".50", -2251799813685248
  store i64 %".51", i64* %"l1"
  %".53" = shl i64 %".43", 16
  %".54" = ashr i64 %".53", 16
  %".55" = icmp eq i64 %".54", %".43"
  br i1 %".55", label %"ok_overflow.1", label %"bail_overflow", !prof !0
bail_overflow:
  store i32 2, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
ok_overflow.1:
  %".57" = and i64 %".43", 281474976710655
  %".58" = or i64 %".57", -2251799813685248
  %".59" = lshr i64 %".58", 48
  %".60" = icmp eq i64 %".59", 65528
  %".61" = lshr i64 %".58", 1
  %".62" = icmp eq i64 %".61", 9222386874436288512
  %".63" = or i1 %".60", %".62"
  %".64" = lshr i64 %".58", 51
  %".65" = icmp ne i64 %".64", 8191
  %".66" = or i1 %".63", %".65"
  br i1 %".66", label %"ok_term.1", label %"bail_term", !prof !0
ok_term.1:
  %".68" = call i1 @"rt_word_callable"(i64 %".20")
  br i1 %".68", label %"ok_term.2", label %"bail_term", !prof !0
ok_term.2:
  %".70" = call i8* @"PyTuple_New"(i64 2)
  %".71" = icmp eq i8* %".70", null
  br i1 %".71", label %"ok_term.2.if", label %"ok_term.2.endif", !prof !1
ok_term.2.if:
  call void @"PyErr_Clear"()
  br label %"ok_term.2.endif"
ok_term.2.endif:
  %".75" = xor i1 %".71", -1
  br i1 %".75", label %"ok_no_memory", label %"bail_no_memory", !prof !0
ok_no_memory:
  %".79" = ptrtoint i8* %".70" to i64
  %".80" = add i64 %".79", 24
  %".81" = call i8* @"rt_own_word"(i64 %".58")
  %".82" = icmp eq i8* %".81", null
  br i1 %".82", label %"ok_no_memory.if", label %"ok_no_memory.endif", !prof !1
bail_no_memory:
  store i32 7, i32* @"snap_make_expr.reason"
  ret i64 -281474976710656
ok_no_memory.if:
  call void @"Py_DecRef"(i8* %".70")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif:
  %".88" = add i64 %".80", 0
  %".89" = inttoptr i64 %".88" to i8**
  store i8* %".81", i8** %".89"
  %".91" = call i8* @"rt_own_word"(i64 %".20")
  %".92" = icmp eq i8* %".91", null
  br i1 %".92", label %"ok_no_memory.endif.if", label %"ok_no_memory.endif.endif", !prof !1
dead:
  br label %"ok_no_memory.endif"
ok_no_memory.endif.if:
  call void @"Py_DecRef"(i8* %".70")
  call void @"PyErr_Clear"()
  br label %"bail_no_memory"
ok_no_memory.endif.endif:
  %".98" = add i64 %".80", 8
  %".99" = inttoptr i64 %".98" to i8**
  store i8* %".91", i8** %".99"
  %".101" = call i8* @"rt_new_expression"(i8* %".70")
  %".102" = icmp eq i8* %".101", null
  br i1 %".102", label %"ok_no_memory.endif.endif.if", label %"ok_no_memory.endif.endif.endif", !prof !1
dead.1:
  br label %"ok_no_memory.endif.endif"
ok_no_memory.endif.endif.if:
  call void @"PyErr_Clear"()
  br label %"ok_no_memory.endif.endif.endif"
ok_no_memory.endif.endif.endif:
  %".106" = xor i1 %".102", -1
  br i1 %".106", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
ok_no_memory.1:
  %".108" = ptrtoint i8* %".101" to i64
  %".109" = or i64 %".108", -844424930131968
  ret i64 %".109"
}
